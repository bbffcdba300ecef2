// ---- kernel0: r1:cbb
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v8 = llvm.getelementptr %geo[8] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v8 : !llvm.ptr -> i64
  %v9 = llvm.getelementptr %geo[9] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride2_0 = llvm.load %v9 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r1 = arith.divsi %row, %tiles : i64
    %i0 = arith.remsi %r1, %size0 : i64
    %r0 = arith.divsi %r1, %size0 : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %ob2_0 = arith.muli %i0, %ostride2_0 : i64
    %base2_0 = arith.addi %tb2, %ob2_0 : i64
    %base2 = arith.addi %base2_0, %c0 : i64
    %v10 = arith.constant 0xFF800000 : f32
    %v11 = arith.constant 0x7F800000 : f32
    %v12 = vector.broadcast %v10 : f32 to vector<64xf32>
    %v13 = vector.broadcast %v11 : f32 to vector<64xf32>
    %v16 = arith.constant dense<false> : vector<64xi1>
    %v15:4 = scf.for %v14 = %c0 to %vend64 step %cw64 iter_args(%v14_acc0 = %v12, %v14_acc1 = %v13, %v14_nan0 = %v16, %v14_nan1 = %v16) -> (vector<64xf32>, vector<64xf32>, vector<64xi1>, vector<64xi1>) : i64 {
      %v18 = arith.addi %base0, %v14 : i64
      %v19 = llvm.getelementptr %ptr0[%v18] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v17 = llvm.load %v19 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v21 = arith.cmpf ogt, %v17, %v14_acc0 : vector<64xf32>
      %v22 = arith.cmpf uno, %v17, %v17 : vector<64xf32>
      %v20 = arith.select %v21, %v17, %v14_acc0 : vector<64xi1>, vector<64xf32>
      %v23 = arith.ori %v14_nan0, %v22 : vector<64xi1>
      %v25 = arith.cmpf olt, %v17, %v14_acc1 : vector<64xf32>
      %v26 = arith.cmpf uno, %v17, %v17 : vector<64xf32>
      %v24 = arith.select %v25, %v17, %v14_acc1 : vector<64xi1>, vector<64xf32>
      %v27 = arith.ori %v14_nan1, %v26 : vector<64xi1>
      scf.yield %v20, %v24, %v23, %v27 : vector<64xf32>, vector<64xf32>, vector<64xi1>, vector<64xi1>
    }
    %v28 = arith.constant 0x7FC00000 : f32
    %v29 = vector.broadcast %v28 : f32 to vector<64xf32>
    %v30 = arith.select %v15#2, %v29, %v15#0 : vector<64xi1>, vector<64xf32>
    %v31 = arith.constant 0x7FC00000 : f32
    %v32 = vector.broadcast %v31 : f32 to vector<64xf32>
    %v33 = arith.select %v15#3, %v32, %v15#1 : vector<64xi1>, vector<64xf32>
    %v34 = vector.reduction <maximumf>, %v30 : vector<64xf32> into f32
    %v35 = arith.maximumf %v10, %v34 : f32
    %v36 = vector.reduction <minimumf>, %v33 : vector<64xf32> into f32
    %v37 = arith.minimumf %v11, %v36 : f32
    %v38 = vector.broadcast %v10 : f32 to vector<16xf32>
    %v39 = vector.broadcast %v11 : f32 to vector<16xf32>
    %v42 = arith.constant dense<false> : vector<16xi1>
    %v41:4 = scf.for %v40 = %vend64 to %vend16 step %cw16 iter_args(%v40_acc0 = %v38, %v40_acc1 = %v39, %v40_nan0 = %v42, %v40_nan1 = %v42) -> (vector<16xf32>, vector<16xf32>, vector<16xi1>, vector<16xi1>) : i64 {
      %v44 = arith.addi %base0, %v40 : i64
      %v45 = llvm.getelementptr %ptr0[%v44] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v43 = llvm.load %v45 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v47 = arith.cmpf ogt, %v43, %v40_acc0 : vector<16xf32>
      %v48 = arith.cmpf uno, %v43, %v43 : vector<16xf32>
      %v46 = arith.select %v47, %v43, %v40_acc0 : vector<16xi1>, vector<16xf32>
      %v49 = arith.ori %v40_nan0, %v48 : vector<16xi1>
      %v51 = arith.cmpf olt, %v43, %v40_acc1 : vector<16xf32>
      %v52 = arith.cmpf uno, %v43, %v43 : vector<16xf32>
      %v50 = arith.select %v51, %v43, %v40_acc1 : vector<16xi1>, vector<16xf32>
      %v53 = arith.ori %v40_nan1, %v52 : vector<16xi1>
      scf.yield %v46, %v50, %v49, %v53 : vector<16xf32>, vector<16xf32>, vector<16xi1>, vector<16xi1>
    }
    %v54 = arith.constant 0x7FC00000 : f32
    %v55 = vector.broadcast %v54 : f32 to vector<16xf32>
    %v56 = arith.select %v41#2, %v55, %v41#0 : vector<16xi1>, vector<16xf32>
    %v57 = arith.constant 0x7FC00000 : f32
    %v58 = vector.broadcast %v57 : f32 to vector<16xf32>
    %v59 = arith.select %v41#3, %v58, %v41#1 : vector<16xi1>, vector<16xf32>
    %v60 = vector.reduction <maximumf>, %v56 : vector<16xf32> into f32
    %v61 = arith.maximumf %v35, %v60 : f32
    %v62 = vector.reduction <minimumf>, %v59 : vector<16xf32> into f32
    %v63 = arith.minimumf %v37, %v62 : f32
    %v65:2 = scf.for %v64 = %vend16 to %len step %c1 iter_args(%v64_acc0 = %v61, %v64_acc1 = %v63) -> (f32, f32) : i64 {
      %v67 = arith.addi %base0, %v64 : i64
      %v68 = llvm.getelementptr %ptr0[%v67] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v66 = llvm.load %v68 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v70 = arith.cmpf ogt, %v66, %v64_acc0 : f32
      %v71 = arith.cmpf uno, %v66, %v66 : f32
      %v72 = arith.select %v70, %v66, %v64_acc0 : f32
      %v69 = arith.select %v71, %v66, %v72 : f32
      %v74 = arith.cmpf olt, %v66, %v64_acc1 : f32
      %v75 = arith.cmpf uno, %v66, %v66 : f32
      %v76 = arith.select %v74, %v66, %v64_acc1 : f32
      %v73 = arith.select %v75, %v66, %v76 : f32
      scf.yield %v69, %v73 : f32, f32
    }
    %v77 = llvm.getelementptr %ptr1[%base1] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %v65#0, %v77 : f32, !llvm.ptr
    %v78 = llvm.getelementptr %ptr2[%base2] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %v65#1, %v78 : f32, !llvm.ptr
  }
  return
}
