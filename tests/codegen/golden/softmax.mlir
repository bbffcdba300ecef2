// ---- kernel0: r1:cc
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
    %v8 = arith.constant 0xFF800000 : f32
    %v9 = vector.broadcast %v8 : f32 to vector<64xf32>
    %v11:1 = scf.for %v10 = %c0 to %vend64 step %cw64 iter_args(%v10_acc0 = %v9) -> (vector<64xf32>) : i64 {
      %v13 = arith.addi %base0, %v10 : i64
      %v14 = llvm.getelementptr %ptr0[%v13] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v12 = llvm.load %v14 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v15 = arith.maximumf %v10_acc0, %v12 : vector<64xf32>
      scf.yield %v15 : vector<64xf32>
    }
    %v16 = vector.reduction <maximumf>, %v11#0 : vector<64xf32> into f32
    %v17 = arith.maximumf %v8, %v16 : f32
    %v18 = vector.broadcast %v8 : f32 to vector<16xf32>
    %v20:1 = scf.for %v19 = %vend64 to %vend16 step %cw16 iter_args(%v19_acc0 = %v18) -> (vector<16xf32>) : i64 {
      %v22 = arith.addi %base0, %v19 : i64
      %v23 = llvm.getelementptr %ptr0[%v22] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v21 = llvm.load %v23 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v24 = arith.maximumf %v19_acc0, %v21 : vector<16xf32>
      scf.yield %v24 : vector<16xf32>
    }
    %v25 = vector.reduction <maximumf>, %v20#0 : vector<16xf32> into f32
    %v26 = arith.maximumf %v17, %v25 : f32
    %v28:1 = scf.for %v27 = %vend16 to %len step %c1 iter_args(%v27_acc0 = %v26) -> (f32) : i64 {
      %v30 = arith.addi %base0, %v27 : i64
      %v31 = llvm.getelementptr %ptr0[%v30] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v29 = llvm.load %v31 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v32 = arith.maximumf %v27_acc0, %v29 : f32
      scf.yield %v32 : f32
    }
    %v33 = arith.constant 0x00000000 : f32
    %v34 = vector.broadcast %v33 : f32 to vector<64xf32>
    %v36:1 = scf.for %v35 = %c0 to %vend64 step %cw64 iter_args(%v35_acc0 = %v34) -> (vector<64xf32>) : i64 {
      %v38 = arith.addi %base0, %v35 : i64
      %v39 = llvm.getelementptr %ptr0[%v38] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v37 = llvm.load %v39 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v40 = vector.broadcast %v28#0 : f32 to vector<64xf32>
      %v41 = arith.subf %v37, %v40 fastmath<contract> : vector<64xf32>
      %v42 = math.exp %v41 : vector<64xf32>
      %v43 = arith.addf %v35_acc0, %v42 fastmath<contract> : vector<64xf32>
      %v44 = arith.addi %base1, %v35 : i64
      %v45 = llvm.getelementptr %ptr1[%v44] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v42, %v45 {alignment = 4 : i64} : vector<64xf32>, !llvm.ptr
      scf.yield %v43 : vector<64xf32>
    }
    %v46 = vector.reduction <add>, %v36#0 : vector<64xf32> into f32
    %v47 = arith.addf %v33, %v46 : f32
    %v48 = vector.broadcast %v33 : f32 to vector<16xf32>
    %v50:1 = scf.for %v49 = %vend64 to %vend16 step %cw16 iter_args(%v49_acc0 = %v48) -> (vector<16xf32>) : i64 {
      %v52 = arith.addi %base0, %v49 : i64
      %v53 = llvm.getelementptr %ptr0[%v52] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v51 = llvm.load %v53 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v54 = vector.broadcast %v28#0 : f32 to vector<16xf32>
      %v55 = arith.subf %v51, %v54 fastmath<contract> : vector<16xf32>
      %v56 = math.exp %v55 : vector<16xf32>
      %v57 = arith.addf %v49_acc0, %v56 fastmath<contract> : vector<16xf32>
      %v58 = arith.addi %base1, %v49 : i64
      %v59 = llvm.getelementptr %ptr1[%v58] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v56, %v59 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
      scf.yield %v57 : vector<16xf32>
    }
    %v60 = vector.reduction <add>, %v50#0 : vector<16xf32> into f32
    %v61 = arith.addf %v47, %v60 : f32
    %v63:1 = scf.for %v62 = %vend16 to %len step %c1 iter_args(%v62_acc0 = %v61) -> (f32) : i64 {
      %v65 = arith.addi %base0, %v62 : i64
      %v66 = llvm.getelementptr %ptr0[%v65] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v64 = llvm.load %v66 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v67 = arith.subf %v64, %v28#0 fastmath<contract> : f32
      %v68 = math.exp %v67 : f32
      %v69 = arith.addf %v62_acc0, %v68 fastmath<contract> : f32
      %v70 = arith.addi %base1, %v62 : i64
      %v71 = llvm.getelementptr %ptr1[%v70] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v68, %v71 {alignment = 4 : i64} : f32, !llvm.ptr
      scf.yield %v69 : f32
    }
    scf.for %v72 = %c0 to %vend16 step %cw16 : i64 {
      %v74 = arith.addi %base1, %v72 : i64
      %v75 = llvm.getelementptr %ptr1[%v74] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v76 = llvm.load %v75 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v77 = vector.broadcast %v63#0 : f32 to vector<16xf32>
      %v79 = arith.constant 0x3F800000 : f32
      %v80 = arith.divf %v79, %v63#0 : f32
      %v81 = vector.broadcast %v80 : f32 to vector<16xf32>
      %v78 = arith.mulf %v76, %v81 : vector<16xf32>
      %v82 = arith.addi %base1, %v72 : i64
      %v83 = llvm.getelementptr %ptr1[%v82] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v78, %v83 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v84 = %vend16 to %len step %c1 : i64 {
      %v86 = arith.addi %base1, %v84 : i64
      %v87 = llvm.getelementptr %ptr1[%v86] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v88 = llvm.load %v87 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v89 = arith.divf %v88, %v63#0 : f32
      %v90 = arith.addi %base1, %v84 : i64
      %v91 = llvm.getelementptr %ptr1[%v90] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v89, %v91 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}
