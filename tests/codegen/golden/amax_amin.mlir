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
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr1 = arith.divsi %begin, %stiles1 : i64
  %ssize1_0 = arith.maxsi %size0, %c1 : i64
  %si0 = arith.remsi %sr1, %ssize1_0 : i64
  %sr0 = arith.divsi %sr1, %ssize1_0 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:2 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st, %i0 = %si0) -> (i64, i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ni0_up = arith.addi %i0, %c1 : i64
    %ni0_c = arith.select %ncarry, %ni0_up, %i0 : i64
    %ni0_wrap = arith.cmpi eq, %ni0_c, %size0 : i64
    %ni0 = arith.select %ni0_wrap, %c0, %ni0_c : i64
    %ntstart = arith.muli %nt, %tile : i64
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
    %v12 = arith.cmpi sgt, %vend64, %c0 : i64
    %v13:2 = scf.if %v12 -> (f32, f32) {
      %v14 = vector.broadcast %v10 : f32 to vector<64xf32>
      %v15 = vector.broadcast %v11 : f32 to vector<64xf32>
      %v18 = arith.constant dense<false> : vector<64xi1>
      %v17:4 = scf.for %v16 = %c0 to %vend64 step %cw64 iter_args(%v16_acc0 = %v14, %v16_acc1 = %v15, %v16_nan0 = %v18, %v16_nan1 = %v18) -> (vector<64xf32>, vector<64xf32>, vector<64xi1>, vector<64xi1>) : i64 {
        %v20 = arith.addi %base0, %v16 : i64
        %v21 = llvm.getelementptr %ptr0[%v20] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v22 = llvm.load %v21 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
        %v24 = arith.cmpf ogt, %v22, %v16_acc0 : vector<64xf32>
        %v25 = arith.cmpf uno, %v22, %v22 : vector<64xf32>
        %v23 = arith.select %v24, %v22, %v16_acc0 : vector<64xi1>, vector<64xf32>
        %v26 = arith.ori %v16_nan0, %v25 : vector<64xi1>
        %v28 = arith.cmpf olt, %v22, %v16_acc1 : vector<64xf32>
        %v29 = arith.cmpf uno, %v22, %v22 : vector<64xf32>
        %v27 = arith.select %v28, %v22, %v16_acc1 : vector<64xi1>, vector<64xf32>
        %v30 = arith.ori %v16_nan1, %v29 : vector<64xi1>
        scf.yield %v23, %v27, %v26, %v30 : vector<64xf32>, vector<64xf32>, vector<64xi1>, vector<64xi1>
      }
      %v32 = vector.reduction <maxnumf>, %v17#0 fastmath<nnan> : vector<64xf32> into f32
      %v33 = vector.reduction <or>, %v17#2 : vector<64xi1> into i1
      %v34 = arith.constant 0x7FC00000 : f32
      %v31 = arith.select %v33, %v34, %v32 : f32
      %v35 = arith.maximumf %v10, %v31 : f32
      %v37 = vector.reduction <minnumf>, %v17#1 fastmath<nnan> : vector<64xf32> into f32
      %v38 = vector.reduction <or>, %v17#3 : vector<64xi1> into i1
      %v39 = arith.constant 0x7FC00000 : f32
      %v36 = arith.select %v38, %v39, %v37 : f32
      %v40 = arith.minimumf %v11, %v36 : f32
      scf.yield %v35, %v40 : f32, f32
    } else {
      scf.yield %v10, %v11 : f32, f32
    }
    %v41 = arith.cmpi sgt, %vend16, %vend64 : i64
    %v42:2 = scf.if %v41 -> (f32, f32) {
      %v43 = vector.broadcast %v10 : f32 to vector<16xf32>
      %v44 = vector.broadcast %v11 : f32 to vector<16xf32>
      %v47 = arith.constant dense<false> : vector<16xi1>
      %v46:4 = scf.for %v45 = %vend64 to %vend16 step %cw16 iter_args(%v45_acc0 = %v43, %v45_acc1 = %v44, %v45_nan0 = %v47, %v45_nan1 = %v47) -> (vector<16xf32>, vector<16xf32>, vector<16xi1>, vector<16xi1>) : i64 {
        %v49 = arith.addi %base0, %v45 : i64
        %v50 = llvm.getelementptr %ptr0[%v49] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v51 = llvm.load %v50 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
        %v53 = arith.cmpf ogt, %v51, %v45_acc0 : vector<16xf32>
        %v54 = arith.cmpf uno, %v51, %v51 : vector<16xf32>
        %v52 = arith.select %v53, %v51, %v45_acc0 : vector<16xi1>, vector<16xf32>
        %v55 = arith.ori %v45_nan0, %v54 : vector<16xi1>
        %v57 = arith.cmpf olt, %v51, %v45_acc1 : vector<16xf32>
        %v58 = arith.cmpf uno, %v51, %v51 : vector<16xf32>
        %v56 = arith.select %v57, %v51, %v45_acc1 : vector<16xi1>, vector<16xf32>
        %v59 = arith.ori %v45_nan1, %v58 : vector<16xi1>
        scf.yield %v52, %v56, %v55, %v59 : vector<16xf32>, vector<16xf32>, vector<16xi1>, vector<16xi1>
      }
      %v61 = vector.reduction <maxnumf>, %v46#0 fastmath<nnan> : vector<16xf32> into f32
      %v62 = vector.reduction <or>, %v46#2 : vector<16xi1> into i1
      %v63 = arith.constant 0x7FC00000 : f32
      %v60 = arith.select %v62, %v63, %v61 : f32
      %v64 = arith.maximumf %v13#0, %v60 : f32
      %v66 = vector.reduction <minnumf>, %v46#1 fastmath<nnan> : vector<16xf32> into f32
      %v67 = vector.reduction <or>, %v46#3 : vector<16xi1> into i1
      %v68 = arith.constant 0x7FC00000 : f32
      %v65 = arith.select %v67, %v68, %v66 : f32
      %v69 = arith.minimumf %v13#1, %v65 : f32
      scf.yield %v64, %v69 : f32, f32
    } else {
      scf.yield %v13#0, %v13#1 : f32, f32
    }
    %v70 = arith.cmpi sgt, %len, %vend16 : i64
    %v71:2 = scf.if %v70 -> (f32, f32) {
      %v72 = vector.broadcast %v10 : f32 to vector<16xf32>
      %v73 = vector.broadcast %v11 : f32 to vector<16xf32>
      %v75 = arith.subi %len, %vend16 : i64
      %v76 = arith.index_cast %v75 : i64 to index
      %v77 = vector.create_mask %v76 : vector<16xi1>
      %v78 = arith.constant dense<false> : vector<16xi1>
      %v80 = arith.addi %base0, %vend16 : i64
      %v81 = llvm.getelementptr %ptr0[%v80] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v83 = llvm.mlir.zero : vector<16xf32>
      %v82 = llvm.intr.masked.load %v81, %v77, %v83 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v84 = arith.select %v77, %v82, %v72 : vector<16xi1>, vector<16xf32>
      %v86 = arith.cmpf ogt, %v84, %v72 : vector<16xf32>
      %v87 = arith.cmpf uno, %v84, %v84 : vector<16xf32>
      %v85 = arith.select %v86, %v84, %v72 : vector<16xi1>, vector<16xf32>
      %v88 = arith.ori %v78, %v87 : vector<16xi1>
      %v89 = arith.select %v77, %v82, %v73 : vector<16xi1>, vector<16xf32>
      %v91 = arith.cmpf olt, %v89, %v73 : vector<16xf32>
      %v92 = arith.cmpf uno, %v89, %v89 : vector<16xf32>
      %v90 = arith.select %v91, %v89, %v73 : vector<16xi1>, vector<16xf32>
      %v93 = arith.ori %v78, %v92 : vector<16xi1>
      %v95 = vector.reduction <maxnumf>, %v85 fastmath<nnan> : vector<16xf32> into f32
      %v96 = vector.reduction <or>, %v88 : vector<16xi1> into i1
      %v97 = arith.constant 0x7FC00000 : f32
      %v94 = arith.select %v96, %v97, %v95 : f32
      %v98 = arith.maximumf %v42#0, %v94 : f32
      %v100 = vector.reduction <minnumf>, %v90 fastmath<nnan> : vector<16xf32> into f32
      %v101 = vector.reduction <or>, %v93 : vector<16xi1> into i1
      %v102 = arith.constant 0x7FC00000 : f32
      %v99 = arith.select %v101, %v102, %v100 : f32
      %v103 = arith.minimumf %v42#1, %v99 : f32
      scf.yield %v98, %v103 : f32, f32
    } else {
      scf.yield %v42#0, %v42#1 : f32, f32
    }
    %v104 = llvm.getelementptr %ptr1[%base1] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %v71#0, %v104 : f32, !llvm.ptr
    %v105 = llvm.getelementptr %ptr2[%base2] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %v71#1, %v105 : f32, !llvm.ptr
    scf.yield %nt, %ni0 : i64, i64
  }
  return
}
